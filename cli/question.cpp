// Questions a command asks ([Y/N], [Y/N/C]) and secrets it reads, in batch and interactive mode.
//
// A script must never lose a line to a question: in batch mode the next line is taken as the
// answer only when it is one. Anything else answers "no" (Cancel where there is one, so nothing
// is committed or discarded behind the operator's back), is named in one Info line and then runs
// as the command it is.
#include <fmt/format.h>

#include <ostream>

#include "cli/session.hpp"
#include "cli/tokenize.hpp"

namespace vrsh::cli {

namespace {

constexpr std::string_view kRetryYesNo =
    "Error: Please choose 'YES' or 'NO' first before pressing 'Enter'. [Y/N]:";
constexpr std::string_view kRetryYesNoCancel =
    "Error: Please choose 'YES', 'NO' or 'CANCEL' first before pressing 'Enter'. [Y/N/C]:";

// The answer a line gives, if it is one. On a [Y/N] question c and cancel are a No: the operator
// asked for nothing to happen.
std::optional<Answer> answer_of(std::string_view line, Choices choices) {
  const std::string a = ascii_lower(trim_blanks(line));
  if (a == "y" || a == "yes") return Answer::Yes;
  if (a == "n" || a == "no") return Answer::No;
  if (a == "c" || a == "cancel") return choices == Choices::YesNoCancel ? Answer::Cancel : Answer::No;
  return std::nullopt;
}

Answer refusal(Choices choices) {
  return choices == Choices::YesNoCancel ? Answer::Cancel : Answer::No;
}

}  // namespace

bool Ctx::confirm(std::string_view question) {
  return session_.ask(question, Choices::YesNo) == Answer::Yes;
}

std::optional<std::string> Ctx::secret(std::string_view prompt) {
  return session_.read_secret(prompt);
}

std::optional<std::string> Session::next_line() {
  if (pending_) {
    std::optional<std::string> line = std::move(pending_);
    pending_.reset();
    return line;
  }
  if (!reader_) return std::nullopt;
  auto line = reader_("");
  if (line && !line->empty() && line->back() == '\r') line->pop_back();
  return line;
}

Answer Session::ask(std::string_view question, Choices choices) {
  const std::string_view retry = choices == Choices::YesNo ? kRetryYesNo : kRetryYesNoCancel;
  std::string_view shown = question;
  for (;;) {
    std::optional<std::string> line;
    if (batch_) {
      out_ << shown;
      line = next_line();
    } else {
      out_.flush();
      if (reader_) line = reader_(std::string(shown));
    }
    if (!line) {
      // End of input, or Ctrl-D on a terminal: nobody said yes, and nothing is thrown away.
      if (batch_) out_ << '\n';
      out_.flush();
      return refusal(choices);
    }
    if (const auto a = answer_of(*line, choices)) {
      if (batch_) out_ << *line << '\n';
      out_.flush();
      return *a;
    }
    if (trim_blanks(*line).empty() || !batch_) {
      // The vendor repeats the question after a bare Enter; on a terminal, after any other text too.
      if (batch_) out_ << *line << '\n';
      shown = retry;
      continue;
    }
    const Answer a = refusal(choices);
    out_ << fmt::format("\nInfo: \"{}\" is not an answer: answered {}. The line runs as a command.\n",
                        std::string(trim_blanks(*line)), a == Answer::Cancel ? "C (cancel)" : "N (no)");
    out_.flush();
    pending_ = std::move(line);
    return a;
  }
}

std::optional<std::string> Session::read_secret(std::string_view prompt) {
  if (!batch_) {
    out_.flush();
    if (!secret_reader_) return std::nullopt;
    return secret_reader_(std::string(prompt));
  }
  out_ << prompt << '\n';
  out_.flush();
  return next_line();
}

}  // namespace vrsh::cli
