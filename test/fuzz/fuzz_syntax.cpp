// The syntax-notation parser (cli/syntax/grammar.hpp) on arbitrary text: it either returns an AST
// or throws std::invalid_argument naming the column; any other exception or a crash is a bug.
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "cli/syntax/grammar.hpp"
#include "test/fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return -1;  // syntax strings are one line; deep nesting is covered below that
  try {
    (void)vrsh::cli::syntax::parse(vrsh::fuzz::as_text(data, size));
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
