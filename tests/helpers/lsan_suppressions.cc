// Leaks LeakSanitizer must not report in the debug preset's tests, because they are a system
// library's by design: fontconfig, which cairo loads to draw the referral card's text, keeps its
// configuration and font patterns for the life of the process. Compiled into each test program
// (not the helpers library, whose unreferenced objects the linker would drop).

extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
