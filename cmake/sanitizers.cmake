# Applies BLUEBIRD_SANITIZE to every target of the build.
if(BLUEBIRD_SANITIZE)
  list(JOIN BLUEBIRD_SANITIZE "," _bb_sanitizers)
  add_compile_options(-fsanitize=${_bb_sanitizers} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_bb_sanitizers})
  if("undefined" IN_LIST BLUEBIRD_SANITIZE)
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()
