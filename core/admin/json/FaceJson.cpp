#include "admin/json/FaceJson.h"

#include "admin/json/Json.h"

#include <cmath>

namespace passway::admin {

namespace {

double tenth(float v) { return std::round(double(v) * 10.0) / 10.0; }

} // namespace

Poco::JSON::Object::Ptr FaceJson::face(const DetectedFace& face) {
    auto box = json::object();
    box->set("x", tenth(face.x));
    box->set("y", tenth(face.y));
    box->set("width", tenth(face.width));
    box->set("height", tenth(face.height));
    auto landmarks = json::array();
    for (const auto& p : face.landmarks) {
        auto point = json::array();
        point->add(tenth(p.x));
        point->add(tenth(p.y));
        landmarks->add(point);
    }
    auto out = json::object();
    out->set("box", box);
    out->set("score", std::round(double(face.score) * 1000.0) / 1000.0);
    out->set("landmarks", landmarks);
    return out;
}

} // namespace passway::admin
