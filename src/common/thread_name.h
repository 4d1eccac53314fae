#pragma once

#include <string_view>

namespace bb {

// Names the calling thread (as shown by `top -H`, `ps -L` and debuggers). Linux keeps at most 15
// characters; longer names are cut. Best effort: a failure is ignored.
void SetCurrentThreadName(std::string_view name);

}  // namespace bb
