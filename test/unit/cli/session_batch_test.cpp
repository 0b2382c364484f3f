// Session::run_batch: exact transcripts, '?' lines, questions, comments, exit status.
#include <doctest/doctest.h>

#include "session_fixture.hpp"

namespace vrsh::cli::test {
namespace {

const std::string kLeave =
    "Warning: Uncommitted configurations found, commit them before exiting? [Y(yes)/N(no)/C(cancel)]:";
const std::string kSystemView =
    "<HUAWEI>system-view\nEnter system view, return user view with return command.\n";
const std::string kDiscarded = "Warning: Uncommitted configurations were discarded.\n";
const std::string kUnrecognized = "Error: Unrecognized command found at '^' position.";

TEST_CASE("batch: each line is echoed after its prompt, then its output") {
  Rig r;
  CHECK(r.batch("system-view\nsysname R1\ncommit\nesqm\nquit\nquit\ndisplay version\n") == 0);
  CHECK(r.out.str() ==
        "<HUAWEI>system-view\n"
        "Enter system view, return user view with return command.\n"
        "[~HUAWEI]sysname R1\n"
        "[*HUAWEI]commit\n"
        "[~R1]esqm\n"
        "[~R1-esqm]quit\n"
        "[~R1]quit\n"
        "<R1>display version\n"
        "vrsh 1.0\n");
  CHECK(r.s.finished());
}

TEST_CASE("batch: blank lines, CRLF and comments") {
  Rig r;
  CHECK(r.batch("! a comment\r\n\r\n   ! indented comment\ndisplay version\r\n") == 0);
  CHECK(r.out.str() == "<HUAWEI>\n<HUAWEI>display version\nvrsh 1.0\n");
}

TEST_CASE("batch: the exit question reads the next line and shows it after the question") {
  Rig r;
  SUBCASE("yes") {
    CHECK(r.batch("system-view\nsysname R1\nquit\ny\ndisplay version\n") == 0);
    CHECK(r.out.str() ==
          "<HUAWEI>system-view\n"
          "Enter system view, return user view with return command.\n"
          "[~HUAWEI]sysname R1\n"
          "[*HUAWEI]quit\n" +
              kLeave + "y\n" +
              "<R1>display version\n"
              "vrsh 1.0\n");
    CHECK(r.dom.commits == 1);
  }
  SUBCASE("cancel, then return and no") {
    CHECK(r.batch("system-view\nsysname R1\nesqm\nquit\nquit\nC\nreturn\nN\n") == 0);
    CHECK(r.out.str() ==
          "<HUAWEI>system-view\n"
          "Enter system view, return user view with return command.\n"
          "[~HUAWEI]sysname R1\n"
          "[*HUAWEI]esqm\n"
          "[*HUAWEI-esqm]quit\n"
          "[*HUAWEI]quit\n" +
              kLeave + "C\n" + "[*HUAWEI]return\n" + kLeave + "N\n");
    CHECK(r.s.prompt() == "<HUAWEI>");
    CHECK(r.dom.discards == 1);
    CHECK(r.dom.commits == 0);
  }
  SUBCASE("input ends inside the question: cancelled, then discarded with a warning") {
    CHECK(r.batch("system-view\nsysname R1\nreturn\n") == 1);
    CHECK(r.out.str().ends_with("[*HUAWEI]return\n" + kLeave + "\n" + kDiscarded));
    CHECK(r.dom.commits == 0);
    CHECK(r.dom.discards == 1);
  }
  SUBCASE("a command after the question is no answer: cancel, then it runs in the view") {
    CHECK(r.batch("system-view\nsysname R1\nquit\nesqm\nquit\nreturn\nn\n") == 0);
    CHECK(r.out.str() ==
          kSystemView +
              "[~HUAWEI]sysname R1\n"
              "[*HUAWEI]quit\n" +
              kLeave +
              "\nInfo: \"esqm\" is not an answer: answered C (cancel). The line runs as a command.\n" +
              "[*HUAWEI]esqm\n"
              "[*HUAWEI-esqm]quit\n"
              "[*HUAWEI]return\n" +
              kLeave + "n\n");
    CHECK(r.dom.discards == 1);
    CHECK(r.s.prompt() == "<HUAWEI>");
  }
}

TEST_CASE("batch: questions asked by handlers") {
  Rig r;
  const std::string retry = "Error: Please choose 'YES' or 'NO' first before pressing 'Enter'. [Y/N]:";
  SUBCASE("answers in any case; an empty line asks again; c is a no on [Y/N]") {
    CHECK(r.batch("system-view\nask\nYes\nask\n\nN\nask\nCANCEL\nask\n") == 0);
    CHECK(r.out.str() == kSystemView +
                             "[~HUAWEI]ask\n"
                             "Continue? [Y/N]:Yes\n"
                             "answer=yes\n"
                             "[~HUAWEI]ask\n"
                             "Continue? [Y/N]:\n" +
                             retry + "N\n" +
                             "answer=no\n"
                             "[~HUAWEI]ask\n"
                             "Continue? [Y/N]:CANCEL\n"
                             "answer=no\n"
                             "[~HUAWEI]ask\n"
                             "Continue? [Y/N]:\n"
                             "answer=no\n");
  }
  SUBCASE("a line that is no answer answers no and runs as the next command") {
    CHECK(r.batch("system-view\nask\nesqm\nquit\n") == 0);
    CHECK(r.out.str() == kSystemView +
                             "[~HUAWEI]ask\n"
                             "Continue? [Y/N]:\n"
                             "Info: \"esqm\" is not an answer: answered N (no). The line runs as a command.\n"
                             "answer=no\n"
                             "[~HUAWEI]esqm\n"
                             "[~HUAWEI-esqm]quit\n");
  }
}

TEST_CASE("batch: a secret is the next line, never echoed") {
  Rig r;
  CHECK(r.batch("system-view\nsecret\nS3cret!\nsecret\n") == 0);
  CHECK(r.out.str() == kSystemView +
                           "[~HUAWEI]secret\n"
                           "Enter Password:\n"
                           "secret=S3cret!\n"
                           "[~HUAWEI]secret\n"
                           "Enter Password:\n"
                           "secret=<eof>\n");
}

TEST_CASE("batch: end of input discards uncommitted changes with a warning and fails") {
  Rig r;
  CHECK(r.batch("system-view\nsysname R1\n") == 1);
  CHECK(r.out.str().ends_with("[~HUAWEI]sysname R1\n" + kDiscarded));
  CHECK(r.dom.discards == 1);
  CHECK(r.dom.commits == 0);
  CHECK(r.s.finished());
}

TEST_CASE("batch: quit from user view ends the run") {
  Rig r;
  CHECK(r.batch("quit\ndisplay version\n") == 0);
  CHECK(r.out.str() == "<HUAWEI>quit\n");
}

TEST_CASE("batch: errors stop the run unless keep_going") {
  SUBCASE("stop") {
    Rig r;
    CHECK(r.batch("display version\nfrob\ndisplay version\n") == 1);
    CHECK(r.out.str() ==
          "<HUAWEI>display version\nvrsh 1.0\n"
          "<HUAWEI>frob\n" +
              std::string(8, ' ') + "^\n" + kUnrecognized + "\n");
  }
  SUBCASE("keep going") {
    Rig r;
    CHECK(r.batch("frob\nfail\ndisplay version\n", true) == 1);
    CHECK(r.out.str() == "<HUAWEI>frob\n" + std::string(8, ' ') + "^\n" + kUnrecognized + "\n" +
                             "<HUAWEI>fail\nError: It failed.\n"
                             "<HUAWEI>display version\nvrsh 1.0\n");
  }
  SUBCASE("a failing handler stops too") {
    Rig r;
    CHECK(r.batch("system-view\nboom\nquit\n") == 1);
    CHECK(r.out.str().ends_with("[~HUAWEI]boom\nError: Something broke.\n"));
  }
}

TEST_CASE("batch: '?' shows the help and redraws the typed text without running it") {
  Rig r;
  const std::string listing = format_help(r.reg.help("user", "display "));
  REQUIRE(listing.find("version") != std::string::npos);
  REQUIRE(listing.find("clock") != std::string::npos);

  SUBCASE("after a space") {
    CHECK(r.batch("display ?\n") == 0);
    CHECK(r.out.str() == "<HUAWEI>display ?\n" + listing + "<HUAWEI>display \n");
  }
  SUBCASE("mid-word") {
    CHECK(r.batch("disp?\ndisplay version\n") == 0);
    const std::string words = format_help(r.reg.help("user", "disp"));
    CHECK(words.find("display") != std::string::npos);
    CHECK(r.out.str() == "<HUAWEI>disp?\n" + words + "<HUAWEI>disp\n<HUAWEI>display version\nvrsh 1.0\n");
  }
  SUBCASE("text after the '?' is typed onto the redrawn line") {
    CHECK(r.batch("display ?ver?\n") == 0);
    const std::string second = format_help(r.reg.help("user", "display ver"));
    CHECK(r.out.str() ==
          "<HUAWEI>display ?\n" + listing + "<HUAWEI>display ver?\n" + second + "<HUAWEI>display ver\n");
  }
  SUBCASE("an erroneous prefix shows the caret and error, and is no failure") {
    CHECK(r.batch("frob ?\n") == 0);
    CHECK(r.out.str() ==
          "<HUAWEI>frob ?\n" + std::string(8, ' ') + "^\n" + kUnrecognized + "\n<HUAWEI>frob \n");
  }
  SUBCASE("inside a nested view the enclosing views answer") {
    CHECK(r.batch("system-view\nesqm\ninterf?\n") == 0);
    CHECK(r.out.str().ends_with("[~HUAWEI-esqm]interf?\n" + format_help(r.reg.help("system", "interf")) +
                                "[~HUAWEI-esqm]interf\n"));
  }
  SUBCASE("a '?' inside double quotes is text") {
    CHECK(r.batch("system-view\nsysname \"a?b\"\ncommit\n") == 0);
    CHECK(r.out.str().ends_with("[~HUAWEI]sysname \"a?b\"\n[*HUAWEI]commit\n"));
    CHECK(r.dom.running_name.find("a?b") != std::string::npos);
  }
}

}  // namespace
}  // namespace vrsh::cli::test

namespace vrsh::cli::test {
namespace {

TEST_CASE("batch: the tick runs before each line, its output above the line's prompt") {
  Rig r;
  CHECK(r.batch("! comment\ntick-later\ndisplay version\n") == 0);
  CHECK(r.dom.ticks == 2);  // not for the comment
  CHECK(r.out.str() == "<HUAWEI>tick-later\nInfo: Ticked.\n<HUAWEI>display version\nvrsh 1.0\n");
}

TEST_CASE("batch: immediate mode commits each change as typed, prompt without ~ or *") {
  Rig r;
  r.s.execute("system-view");
  r.s.set_immediate(true);
  r.take();
  CHECK(r.batch("sysname R1\nesqm\nservice-stream enable\nreturn\nsystem-view\n", true) == 0);
  CHECK(r.out.str() ==
        "[HUAWEI]sysname R1\n"
        "[R1]esqm\n"
        "[R1-esqm]service-stream enable\n"  // the fake change renames the router
        "[R1-esqm-esqm]return\n"
        "<R1-esqm>system-view\n"
        "Enter system view, return user view with return command.\n");
  CHECK(r.dom.commits == 2);
  CHECK(r.dom.running_name == "R1-esqm");
  CHECK_FALSE(r.s.immediate());         // back in user view it ended
  CHECK(r.s.prompt() == "[~R1-esqm]");  // plain system-view: two-stage again
}

TEST_CASE("immediate mode: a change whose commit fails is dropped and fails the line") {
  Rig r;
  r.s.execute("system-view");
  r.s.set_immediate(true);
  r.dom.commit_ok = false;
  r.take();
  CHECK(r.s.execute("sysname R1") == Status::Error);
  CHECK(r.take() == "Error: Commit failed.\n");
  CHECK(r.dom.discards == 1);
  CHECK(r.dom.candidate_name == "HUAWEI");
  CHECK(r.s.prompt() == "[HUAWEI]");
}

TEST_CASE("run: a user-view command from a configuration view, the view stack kept") {
  Rig r;
  r.s.execute("system-view");
  r.s.execute("esqm");
  r.take();
  CHECK(r.s.execute("run display version") == Status::Ok);
  CHECK(r.take() == "vrsh 1.0\n");
  CHECK(r.s.prompt() == "[~HUAWEI-esqm]");
  CHECK(r.s.history().back() == "run display version");
  // The caret points into the line as typed after the prompt.
  CHECK(r.s.execute("run display versoin") == Status::Error);
  CHECK(r.take() == std::string(std::string("[~HUAWEI-esqm]run display ").size(), ' ') + "^\n" +
                        "Error: Unrecognized command found at '^' position.\n");
  // Commands that would leave the configuration views are refused.
  CHECK(r.s.execute("run system-view") == Status::Error);
  CHECK(r.take() ==
        "Enter system view, return user view with return command.\n"
        "Error: The command cannot be run from a configuration view.\n");
  // '?' and Tab after run answer for the user-view command.
  CHECK(r.s.help_text("run disp") == "  display  Display information\n");
  CHECK(r.s.help_text("run display v") == "  version  Display version information\n");
  CHECK(r.s.completions("run display v") == std::vector<std::string>{"version"});
  CHECK(r.s.help_text("run displ x ")
            .starts_with(std::string(std::string("[~HUAWEI-esqm]run displ ").size(), ' ') + "^\n"));
  CHECK(r.s.execute("run quit") == Status::Error);
  CHECK_FALSE(r.s.finished());
  CHECK(r.s.prompt() == "[~HUAWEI-esqm]");
}

}  // namespace
}  // namespace vrsh::cli::test
