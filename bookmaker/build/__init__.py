"""Build: plan the jobs (:mod:`.plan`), make one book (:mod:`.book`), run many (:mod:`.run`),
publish files atomically (:mod:`.publish`) and skip unchanged books (:mod:`.cache`)."""
