"""Counsel's Word draft comes back: read a marked-up .docx safely (`reader`), map its answers
onto the matter's comments (`mapping`), work out what each proposes (`proposal`), and record,
decide and undo the import in the workspace (`importing`). The Word export marks each answer
with a hidden bookmark naming its comment (`storage.exports.docx.tag_answer`)."""
