#pragma once

#include "settings/SettingDeclaration.h"

#include <string>
#include <vector>

namespace passway {

// A script declares its settings (script.<name>.<key>) in its leading
// comment block, one line each (README "Script settings"):
//
//   -- @setting <key> <type> <default> <description>
//   -- @setting url url "" receiver URL (http or https); idle without it
//   -- @setting only_pass bool false only records whose result is pass
//
// <type> is string, int, number, bool, secret, url or list; <default> is one
// word or a "quoted" text ("" for none). Lines after the first line of code
// are not read; a malformed @setting line is skipped and named in `problems`.
std::vector<SettingDeclaration> scriptSettingDeclarations(const std::string& source,
                                                          std::vector<std::string>* problems = nullptr);

} // namespace passway
