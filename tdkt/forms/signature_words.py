"""What a blank form prints in its signature block where the signer goes, per Nghị định 30/2020:
constants only, so that the importer recognises a filled-in template without loading the content model."""

SIGNER_PLACEHOLDER = "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ"
NAME_PLACEHOLDER = "Họ và tên"
