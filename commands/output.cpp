#include "commands/output.hpp"

#include <regex>
#include <sstream>

namespace vrsh::commands {

bool print_filtered(std::ostream& out, const std::string& text, const std::string& pipe) {
  if (pipe.empty()) {
    out << text;
    return true;
  }
  const auto space = pipe.find(' ');
  const std::string kind = pipe.substr(0, space);
  const std::string pattern = space == std::string::npos ? "" : pipe.substr(space + 1);
  std::regex re;
  try {
    re = std::regex(pattern);
  } catch (const std::regex_error&) {
    out << "Error: The regular expression is invalid.\n";
    return false;
  }
  // The vendor prints this notice before any filtered output.
  out << "Info: It will take a long time if the content you search is too much or the string you input is "
         "too "
         "long, you can press CTRL_C to break.\n";
  std::istringstream in(text);
  std::string line;
  bool begun = false;
  while (std::getline(in, line)) {
    const bool hit = std::regex_search(line, re);
    if (kind == "include" ? hit : kind == "exclude" ? !hit : (begun = begun || hit)) out << line << '\n';
  }
  return true;
}

}  // namespace vrsh::commands
