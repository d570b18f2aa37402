"""What teachers and maintainers run: the ``kzlesson`` command and the work behind each
subcommand (validate, handouts, start, doctor, hub-link)."""
