# Applies BLUEBIRD_SANITIZE to every target of the build.
#
# UndefinedBehaviorSanitizer runs without its null and alignment checks: AddressSanitizer already
# stops at any access through a null pointer, the code reads no misaligned data (no type punning
# of buffers), and those two checks instrument nearly every member access -- about a third of the
# sanitizer build's compile time. Signed overflow, shifts, bounds, enum and bool loads, float
# casts, vptr and the rest stay on, and abort the test that trips them.
if(BLUEBIRD_SANITIZE)
  list(JOIN BLUEBIRD_SANITIZE "," _bb_sanitizers)
  add_compile_options(-fsanitize=${_bb_sanitizers} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_bb_sanitizers})
  if("undefined" IN_LIST BLUEBIRD_SANITIZE)
    add_compile_options(-fno-sanitize=alignment,null -fno-sanitize-recover=undefined)
  endif()
endif()
