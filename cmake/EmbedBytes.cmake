# Writes the bytes of IN as a comma-separated list of hex literals followed by a NUL, for
# `const char x[] = {\n#include "OUT"\n};`. Usage: cmake -DIN=... -DOUT=... -P EmbedBytes.cmake
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE "${OUT}.tmp" "${bytes}'\\0'\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
