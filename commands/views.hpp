#pragma once
// A view is declared once, in its feature's file, as a `View<C>`: its registry name, the view it
// is entered from, its prompt suffix and what `display this` shows in it, both computed from the
// typed context C (what the view edits; a nested view's context also holds its parents' keys).
// The declaration enters the view, reads the context back in handlers and adds the commands
// typed in the view. Nothing else names a view: no list of views exists anywhere.
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "cli/registry.hpp"
#include "cli/session.hpp"
#include "model/config.hpp"
#include "model/render.hpp"

namespace vrsh::commands::views {

// The context of a view that edits one block as a whole (esqm, nqa ipfpm dcp, telemetry).
struct NoContext {};

// What the frame of every declared view carries: `display this` asks it, whatever the view.
struct Shown : cli::ViewContext {
  virtual std::string display_this(const model::Config& c) const = 0;
};

template <class C>
struct Entered final : Shown {
  using Render = std::string (*)(const model::Config&, const C&);
  Entered(std::string_view v, Render r, C c) : view(v), render(r), context(std::move(c)) {}
  std::string display_this(const model::Config& c) const override { return render(c, context); }
  std::string_view view;
  Render render;
  C context;
};

template <class C>
struct View {
  std::string_view name;                                        // the registry view, e.g. "nqa-ipfpm-mcp-ach"
  std::string_view parent;                                      // the view whose command enters this one
  std::string (*suffix)(const C&);                              // appended to the prompt
  std::string (*display_this)(const model::Config&, const C&);  // `display this` in the view

  // Enters this view, editing `c`. Throws std::logic_error unless the command runs in `parent`.
  void enter(cli::Ctx& ctx, C c) const {
    if (ctx.frame().view != parent)
      throw std::logic_error(
          fmt::format("The {} view is entered from {}, not {}.", name, parent, ctx.frame().view));
    ctx.enter(
        {std::string(name), suffix(c), std::make_shared<const Entered<C>>(name, display_this, std::move(c))});
  }
  // What the view edits, for a command typed in it. Throws std::logic_error in another view.
  const C& of(const cli::Ctx& ctx) const {
    const auto* e = dynamic_cast<const Entered<C>*>(ctx.frame().context.get());
    if (e == nullptr || e->view != name)
      throw std::logic_error(fmt::format("A command of the {} view ran in {}.", name, ctx.frame().view));
    return e->context;
  }
  // Adds a command typed in this view. `spec.views` is left empty: the view fills it in.
  void add(cli::Registry& reg, cli::CommandSpec spec) const {
    if (!spec.views.empty())
      throw std::logic_error(fmt::format("{}: the {} view sets the views itself.", spec.syntax, name));
    spec.views = {std::string(name)};
    reg.add(std::move(spec));
  }
};

// `display this`: what the view the command runs in shows of `c`.
inline std::string display_this(const cli::Ctx& ctx, const model::Config& c) {
  const auto* shown = dynamic_cast<const Shown*>(ctx.frame().context.get());
  if (shown == nullptr) throw std::logic_error(fmt::format("The {} view is not declared.", ctx.frame().view));
  return shown->display_this(c);
}

}  // namespace vrsh::commands::views
