// Reading [indicator.cohort] tables (project.cpp calls these; docs/project-format.md, "Cohort").
#pragma once

#include <toml++/toml.h>

#include <string>

#include "utsikt/engine/project.hpp"
#include "utsikt/toml_reader.hpp"

namespace utsikt {

// Reads the table into ind.cohort (files resolved against the project folder) and, for an owner,
// reads the age data and fits the model. Errors name the project file, line and key, or the
// data file, line and field.
void read_cohort(const detail::TomlReader& r, const toml::table& ct, const toml::node& node,
                 const std::string& ctx, Project& p, Indicator& ind);

// After every indicator is read: resolves `of`, checks the groups and adds the observed values
// of every cohort group that has no data of its own (from the age data, the totals and the
// jump-off population). Errors name the project file.
void finish_cohorts(const detail::TomlReader& r, Project& p);

}  // namespace utsikt
