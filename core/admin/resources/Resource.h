#pragma once

namespace passway::admin {

class Router;

// A group of routes about one kind of thing. It declares its routes (with
// roles and audit actions) in install(); the router does the rest.
class Resource {
public:
    virtual ~Resource() = default;
    virtual void install(Router& router) = 0;
};

} // namespace passway::admin
