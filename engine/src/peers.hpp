// Reading an indicator's peer panel ([indicator.peers], docs/project-format.md "Peers").
#pragma once

#include <string>
#include <vector>

#include "utsikt/engine/project.hpp"
#include "utsikt/toml_reader.hpp"

namespace utsikt {

// Reads the [indicator.peers] table `pt` (at `node`, context `ctx` for messages) of indicator
// `ind` in project `p`: fills ind.peers, ind.peers_group and ind.peers_source. Throws InputError
// naming the project file (or the data file, line and column) for anything wrong.
void load_peers(const detail::TomlReader& r, const toml::table& pt, const toml::node& node,
                const std::string& ctx, Project& p, Indicator& ind);

}  // namespace utsikt
