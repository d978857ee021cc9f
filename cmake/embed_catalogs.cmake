# Writes OUT (a C++ source) holding the catalog files as raw string literals, so the binary and the
# wasm module carry their data with no file I/O (DESIGN.md §2). What only people read — "_about",
# each entry's "notes" and "upstream" provenance — stays in catalogs/ and is not embedded: it would
# cost page bytes and parse time for nothing the engine reports.
# Usage: cmake -DCATALOG_DIR=... -DOUT=... -P embed_catalogs.cmake
cmake_minimum_required(VERSION 3.20)
set(content "// Generated from catalogs/*.json by cmake/embed_catalogs.cmake. Do not edit.\nnamespace mlsysim {\n")
foreach(spec "hardware;devices;kHardwareCatalogJson" "models;models;kModelsCatalogJson"
             "regions;regions;kRegionsCatalogJson" "fabrics;fabrics;kFabricsCatalogJson")
  list(GET spec 0 file)
  list(GET spec 1 list_key)
  list(GET spec 2 symbol)
  file(READ "${CATALOG_DIR}/${file}.json" text)
  string(JSON count LENGTH "${text}" ${list_key})
  set(entries "")
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON entry GET "${text}" ${list_key} ${i})
    foreach(key notes upstream)
      string(JSON has ERROR_VARIABLE missing GET "${entry}" ${key})
      if(NOT missing)
        string(JSON entry REMOVE "${entry}" ${key})
      endif()
    endforeach()
    # JSON strings hold no raw newlines, so a newline and its indentation are always layout.
    string(REGEX REPLACE "\n[ \t]*" "" entry "${entry}")
    list(APPEND entries "${entry}")
  endforeach()
  list(JOIN entries "," joined)
  set(compact "{\"${list_key}\":[${joined}]}")
  string(FIND "${compact}" ")mlsysim_json\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file}.json contains the raw-string delimiter")
  endif()
  string(APPEND content "extern const char* const ${symbol};\nconst char* const ${symbol} = R\"mlsysim_json(${compact})mlsysim_json\";\n")
endforeach()
string(APPEND content "}  // namespace mlsysim\n")
file(WRITE "${OUT}.tmp" "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
