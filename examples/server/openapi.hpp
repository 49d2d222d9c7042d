// docs/openapi.yaml, rendered from the route table and the operation table
// (`member-server --openapi`); tests/e2e checks the file against it.
#pragma once

#include <string>

namespace member::server {

/// The OpenAPI 3.0 document of every route: path, method, the operation it
/// runs (x-member-operation), its access level and security, the seed it
/// comes from, and the operation's documented examples inside the envelope.
std::string render_openapi();

}  // namespace member::server
