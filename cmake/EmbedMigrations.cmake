# Turns db/migrations/<engine>/NNNN_name.sql into a C++ include of {number, name, sql} rows,
# so the binary carries its migrations and needs no source tree at run time.
# Usage: cmake -DDIR=... -DOUT=... -P EmbedMigrations.cmake
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(content "// Generated from ${DIR} by cmake/EmbedMigrations.cmake. Do not edit.\n")
foreach(f ${files})
  get_filename_component(name "${f}" NAME_WE)
  string(REGEX MATCH "^[0-9]+" number "${name}")
  string(REGEX REPLACE "^0+" "" number "${number}")
  file(READ "${f}" sql)
  string(APPEND content "{${number}, \"${name}\", R\"ratusz_sql(${sql})ratusz_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "${content}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
