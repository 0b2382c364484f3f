#pragma once
// Parser of the vendor syntax notation:
//   keyword        letters, digits and "-_.:" (or any printable text in single quotes)
//   <param>        a typed parameter
//   { a | b c }    exactly one of the alternatives
//   [ a | b c ]    at most one of the alternatives
//   { ... } *      one or more alternatives, any order, each at most once
//   [ ... ] *      zero or more alternatives, any order, each at most once
//   { a | b }$name a group (of any form) whose chosen leading keyword handlers read as `name`
// The X3 grammar itself lives in grammar_def.hpp and is compiled only by grammar.cpp.
#include <string_view>

#include "cli/syntax/ast.hpp"

namespace vrsh::cli::syntax {

// Throws std::invalid_argument("... at column N ...") when `text` is malformed.
Sequence parse(std::string_view text);

}  // namespace vrsh::cli::syntax
