# bluebird_warnings(target): the project's warning set; -Werror when BLUEBIRD_WERROR is on (CI).
function(bluebird_warnings target)
  # Aggregates rely on default member initializers, so missing initializers are intended.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
  if(BLUEBIRD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
