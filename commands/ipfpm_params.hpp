#pragma once
// Parameter types and small helpers of the IP FPM command set.
#include <optional>
#include <string>

#include "cli/value_types.hpp"
#include "model/config.hpp"

namespace vrsh::commands::ipfpm {

cli::ParamType interval_param();   // 1, 10, 60 or 600 seconds
cli::ParamType password_param();   // plain text 1-255, or #%#%cipher#%#%
// The secret a typed password stands for: cipher tokens are decrypted, anything else is plain.
std::optional<std::string> secret_of(const std::string& typed);

}  // namespace vrsh::commands::ipfpm
