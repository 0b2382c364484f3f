#include "model/validate.hpp"

namespace vrsh::model {

// Each feature checks its own part (validate_* in its header); the order here is the order the
// errors are printed in.
std::vector<std::string> validate(const Config& c) {
  std::vector<std::string> e;
  for (auto* part :
       {validate_routes, validate_routes6, validate_arp, validate_esqm, validate_ipfpm, validate_telemetry}) {
    auto more = part(c);
    e.insert(e.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return e;
}

}  // namespace vrsh::model
