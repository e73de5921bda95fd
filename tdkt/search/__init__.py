"""Search: the Pagefind index made from each page's article (with the Vietnamese "đ" folded), run
in the background, and its chunks cut again to a small size.

May import: tdkt.base."""
