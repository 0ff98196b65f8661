# Warning flags for every tmkit target, linked PRIVATE so they never leak to users. C++ sources
# only: the assembler file that embeds the built-in lexicon takes none of them.
add_library(tmkit_warnings INTERFACE)
target_compile_options(tmkit_warnings INTERFACE
  $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<CXX_COMPILER_ID:GNU,Clang>>:-Wall -Wextra -Wpedantic -Wshadow -Wundef -Wcast-qual -Wold-style-cast>
  # GCC 12 reports false -Wrestrict errors inside libstdc++ for `"literal" + std::string`
  # at -O2 (GCC bug 105651); the warning says nothing about our code.
  $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<CXX_COMPILER_ID:GNU>>:-Wno-restrict>)
if(TMKIT_WARNINGS_AS_ERRORS)
  target_compile_options(tmkit_warnings INTERFACE
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<CXX_COMPILER_ID:GNU,Clang>>:-Werror>)
endif()
