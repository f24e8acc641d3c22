#pragma once

#include "passway/model/Command.h"

#include <Poco/Dynamic/Var.h>

#include <optional>
#include <string>

namespace passway::attlog {

// One member of a Get Command answer's cmd_list: the bridge's command name
// and its value ("getErroLog": {"start": s, "end": e}, "updatestd": "").
// README.md ("Commands") lists the kinds and what they become.
struct CommandEntry {
    std::string name;
    Poco::Dynamic::Var value;

    // nullopt with `why` when the bridge has no such command (the plugin
    // then fails the command with that message).
    static std::optional<CommandEntry> of(const Command& command, std::string& why);

    // The bridge command named at the start of an error log's content
    // ("syncAttLog ;return -1 . 2017-08-01 13:40:38" -> "syncAttLog").
    static std::string nameInErrorContent(const std::string& content);
};

}  // namespace passway::attlog
