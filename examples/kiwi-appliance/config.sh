#!/bin/bash
# kiwi runs this inside the image root after the packages are installed; mkddi does not (it
# warns): put its results (enabled units, files) into the root archive or the root/ overlay.
systemctl enable sshd
