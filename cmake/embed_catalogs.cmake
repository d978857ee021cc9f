# Writes OUT (a C++ source) holding the text of the catalog files as raw string literals, so the
# binary and the wasm module carry their data with no file I/O (DESIGN.md §2).
# Usage: cmake -DCATALOG_DIR=... -DOUT=... -P embed_catalogs.cmake
set(content "// Generated from catalogs/*.json by cmake/embed_catalogs.cmake. Do not edit.\nnamespace mlsysim {\n")
foreach(pair "hardware;kHardwareCatalogJson" "models;kModelsCatalogJson" "regions;kRegionsCatalogJson")
  list(GET pair 0 file)
  list(GET pair 1 symbol)
  file(READ "${CATALOG_DIR}/${file}.json" text)
  string(FIND "${text}" ")mlsysim_json\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file}.json contains the raw-string delimiter")
  endif()
  string(APPEND content "extern const char* const ${symbol};\nconst char* const ${symbol} = R\"mlsysim_json(${text})mlsysim_json\";\n")
endforeach()
string(APPEND content "}  // namespace mlsysim\n")
file(WRITE "${OUT}.tmp" "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
