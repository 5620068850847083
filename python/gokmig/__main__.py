"""python -m gokmig ARGS runs gokmig-kernel ARGS."""

from gokmig import main

main()
