# member_warnings(<target>): the project's warning set, fatal with MEMBER_WERROR.
function(member_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    # g++ 12 warns on designated initialisers that omit members, which is how
    # every request struct is meant to be used.
    -Wno-missing-field-initializers
    $<$<BOOL:${MEMBER_WERROR}>:-Werror>)
endfunction()
