cmake_minimum_required(VERSION 3.21)
# The ABI guard: the functions libmember_c exports (nm -D) must be exactly the
# C functions listed in capi/abi-symbols.txt. A symbol that disappears breaks
# hosts; one added without updating the list is an unreviewed ABI change; any
# C++ symbol leaking out is a build mistake.
#   cmake -DLIBRARY=<libmember_c.so> -DSYMBOLS=<abi-symbols.txt> -P check_symbols.cmake
execute_process(COMMAND nm -D --defined-only ${LIBRARY}
                OUTPUT_VARIABLE nm_output RESULT_VARIABLE nm_status)
if(NOT nm_status EQUAL 0)
  message(FATAL_ERROR "nm -D failed on ${LIBRARY}")
endif()
string(REPLACE "\n" ";" lines "${nm_output}")
set(exported)
foreach(line IN LISTS lines)
  # "<address> <type> <name>"; the version node (type A) is not a symbol.
  if(line MATCHES "^[0-9a-fA-F]+ ([A-Za-z]) ([^ ]+)$" AND NOT CMAKE_MATCH_1 STREQUAL "A")
    list(APPEND exported ${CMAKE_MATCH_2})
  endif()
endforeach()
list(SORT exported)

file(STRINGS ${SYMBOLS} listed REGEX "^[^#]")
list(SORT listed)

set(failed FALSE)
foreach(name IN LISTS exported)
  if(NOT name MATCHES "^member_")
    message(SEND_ERROR "exported symbol is not part of the C ABI: ${name}")
    set(failed TRUE)
  elseif(NOT name IN_LIST listed)
    message(SEND_ERROR "exported but not in capi/abi-symbols.txt (add it there): ${name}")
    set(failed TRUE)
  endif()
endforeach()
foreach(name IN LISTS listed)
  if(NOT name IN_LIST exported)
    message(SEND_ERROR "in capi/abi-symbols.txt but no longer exported (functions are only ever added): ${name}")
    set(failed TRUE)
  endif()
endforeach()
list(LENGTH exported count)
if(NOT failed)
  message(STATUS "libmember_c exports exactly the ${count} listed C functions")
endif()
