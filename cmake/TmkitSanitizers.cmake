# TMKIT_SANITIZE="address;undefined" builds everything with those sanitizers.
if(TMKIT_SANITIZE)
  string(REPLACE ";" "," _tmkit_san "${TMKIT_SANITIZE}")
  add_compile_options(-fsanitize=${_tmkit_san} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_tmkit_san})
endif()
