#pragma once

#include "passway/FaceTypes.h"

#include <Poco/JSON/Object.h>

namespace passway::admin {

// Face service results as the admin API shows them.
struct FaceJson {
    // {"box": {"x","y","width","height"}, "score", "landmarks": [[x,y] x5]}, rounded to 0.1 px.
    static Poco::JSON::Object::Ptr face(const DetectedFace& face);
};

} // namespace passway::admin
