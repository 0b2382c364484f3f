// The real command set's matcher: every input line goes through Registry::match, help and
// complete in several views. None of them may throw (help/Tab must never take the shell down)
// and a match must report a column inside the line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cli/registry.hpp"
#include "commands/app.hpp"
#include "test/fuzz/fuzz_util.hpp"

namespace {

struct World {
  vrsh::commands::App app;
  vrsh::cli::Registry reg;
  World() { vrsh::commands::register_all(reg, app); }
};

const World& world() {
  static World* w = new World();  // never destroyed: handlers keep references to the App
  return *w;
}

constexpr std::string_view kViews[] = {"user", "system", "interface", "esqm", "nqa-ipfpm-dcp-instance"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 2048) return -1;
  const auto& reg = world().reg;
  for (std::string_view line : vrsh::fuzz::split_lines(vrsh::fuzz::as_text(data, size), 8)) {
    for (std::string_view view : kViews) {
      const vrsh::cli::MatchResult m = reg.match(view, line);
      if (m.kind != vrsh::cli::MatchKind::Ok && m.kind != vrsh::cli::MatchKind::Empty &&
          m.error_col > line.size() + 1) {
        std::abort();  // the caret may sit one past the end (Incomplete), never further
      }
      if (m.kind == vrsh::cli::MatchKind::Ok && m.spec == nullptr) std::abort();
      vrsh::cli::MatchResult err;
      (void)reg.help(view, line, &err);
      (void)reg.complete(view, line);
    }
  }
  return 0;
}
