// Help for tokens many commands share, in one place (FRR's SHOW_STR idea). A command that means
// something more specific by the word gives its own help, which wins.
#include "commands/app.hpp"

namespace vrsh::commands {

std::map<std::string, std::string, std::less<>> common_token_help() {
  return {
      {"undo", "Undo an operation"},
      {"display", "Display information"},
      {"configuration", "Configuration information"},
      {"ip", "Specify IP configurations"},
      {"esqm", "Enhanced service quality monitoring"},
      {"nqa", "Network quality analysis"},
      {"ipfpm", "IP flow performance measurement"},
      {"inbound", "Sample inbound packets"},
      {"outbound", "Sample outbound packets"},
      {"forward", "Forward flow"},
      {"backward", "Backward flow"},
      {"authentication-mode", "Authentication of the reports"},
      {"hmac-sha256", "HMAC-SHA256"},
      {"key-id", "Key ID"},
      {"cipher", "The password is given in cipher text (plain text is accepted too)"},
      {"delay-threshold", "Alarm thresholds of the delay"},
      {"upper-limit", "Alarm when 5 consecutive periods are above it"},
      {"lower-limit", "Clear the alarm when 5 consecutive periods are below it"},
  };
}

}  // namespace vrsh::commands
