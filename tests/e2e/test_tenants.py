"""Seed 004's tenant, role and permission routes (/api/tenants...,
/api/users/{id}/tenants, /api/roles, /api/role..., /api/permissions...)
through member-server: a super admin creates a tenant, a user registers in
it and is invisible from the default tenant, the tenant's admin sets up roles
and permission points, the tenant is disabled (its sign-in refused) and
deleted; bad input, wrong roles, missing credentials and unknown tenants."""
from server import SECRET
from test_flows import PASSWORD, envelope

V1 = "/api/v1/member-system"


def super_admin(tenant=None):
    h = {"X-Internal-Secret": SECRET, "X-Act-As-Super-Admin": "root-ops"}
    if tenant:
        h["X-Tenant-Id"] = tenant
    return h


def admin(tenant, operator="ops-eu"):
    return {"X-Internal-Secret": SECRET, "X-Act-As-Admin": operator, "X-Tenant-Id": tenant}


def error(server, method, path, headers, status, body=None):
    code, _, reply = server.call(method, path, body, headers)
    return envelope(code, reply, status)


def register_in(server, tenant, username):
    status, _, body = server.call("POST", "/user/auth/register",
                                  {"username": username, "password": PASSWORD,
                                   "email": username + "@example.com"}, {"X-Tenant-Id": tenant})
    return envelope(status, body)["user_id"]


def create_shop_eu(server):
    status, _, body = server.call("POST", "/api/tenants",
                                  {"tenant_id": "shop-eu", "tenant_name": "Shop Europe",
                                   "settings": {"currency": "EUR"}}, super_admin())
    created = envelope(status, body)
    assert created["id"] == "shop-eu" and created["status"] == "active"
    assert created["settings"] == {"currency": "EUR"}


def test_tenant_lifecycle_with_users_roles_and_permissions(server):
    create_shop_eu(server)
    root = super_admin()

    # List: filters and paging (the default tenant comes first by id).
    status, _, body = server.call("GET", "/api/tenants?name=shop&status=active", headers=root)
    assert [t["id"] for t in envelope(status, body)["tenants"]] == ["shop-eu"]
    status, _, body = server.call("GET", "/api/tenants?page=2&limit=1", headers=root)
    assert [t["id"] for t in envelope(status, body)["tenants"]] == ["shop-eu"]
    status, _, body = server.call("GET", "/api/tenants/shop-eu", headers=root)
    assert envelope(status, body)["name"] == "Shop Europe"

    # A user registered in the tenant is not seen from the default tenant.
    ann = register_in(server, "shop-eu", "ann")
    status, _, body = server.call("GET", V1 + "/profile?user_id=" + ann,
                                  headers=admin("shop-eu"))
    assert envelope(status, body)["user_id"] == ann
    error(server, "GET", V1 + "/profile?user_id=" + ann, admin("default"), 404)
    error(server, "GET", V1 + "/profile", server.as_user(ann), 404)

    # The tenant's admin: a permission point, a role with points, assigned.
    eu = admin("shop-eu")
    status, _, body = server.call("POST", "/api/permission",
                                  {"name": "reports.export", "description": "export reports"}, eu)
    assert envelope(status, body)["name"] == "reports.export"
    status, _, body = server.call("POST", "/api/role",
                                  {"name": "support", "description": "customer support"}, eu)
    assert envelope(status, body)["permissions"] == []
    status, _, body = server.call("POST", "/api/role/permission/assign",
                                  {"role": "support",
                                   "permissions": ["reports.export", "accounts.set_status"]}, eu)
    assert envelope(status, body) == {}
    status, _, body = server.call("POST", "/api/role/assign",
                                  {"user_id": ann, "role": "support"}, eu)
    assert envelope(status, body) == {}
    # The batch form, with the users' own list.
    bob = register_in(server, "shop-eu", "bob")
    status, _, body = server.call("POST", "/api/role/assign",
                                  {"assignments": [{"user_id": bob, "role": "admin"}]}, eu)
    assert envelope(status, body) == {}

    me = server.as_user(ann, tenant="shop-eu")
    status, _, body = server.call("GET", "/api/user/roles", headers=me)
    assert envelope(status, body)["roles"] == ["member", "support"]
    status, _, body = server.call("GET", "/api/user/permissions", headers=me)
    assert set(envelope(status, body)["permissions"]) == {"reports.export", "accounts.set_status"}
    status, _, body = server.call("GET", "/api/user/permissions/check?permission=reports.export",
                                  headers=me)
    assert envelope(status, body)["allowed"] is True
    status, _, body = server.call("GET", "/api/user/permissions/check?permission=audit.purge",
                                  headers=me)
    assert envelope(status, body)["allowed"] is False
    status, _, body = server.call("GET", "/api/user/roles",
                                  headers=server.as_user(bob, tenant="shop-eu"))
    assert envelope(status, body)["roles"] == ["member", "admin"]

    # Roles and points are the tenant's: the path names it for a super admin.
    status, _, body = server.call("GET", "/api/tenants/shop-eu/roles", headers=root)
    assert "support" in [r["name"] for r in envelope(status, body)["roles"]]
    status, _, body = server.call("GET", "/api/tenants/shop-eu/permissions?limit=1000",
                                  headers=root)
    assert "reports.export" in [p["name"] for p in envelope(status, body)["permissions"]]
    status, _, body = server.call("GET", "/api/roles", headers=admin("default"))
    assert "support" not in [r["name"] for r in envelope(status, body)["roles"]]
    status, _, body = server.call("GET", "/api/tenants/shop-eu/roles", headers=eu)
    assert "support" in [r["name"] for r in envelope(status, body)["roles"]]

    # Users of a tenant in batch, and a user's tenants.
    status, _, body = server.call("POST", "/api/tenants/shop-eu/users/batch",
                                  {"users": [{"username": "cyril", "email": "cyril@example.com",
                                              "password": PASSWORD}]}, root)
    assert [r["code"] for r in envelope(status, body)["results"]] == ["ok"]
    status, _, body = server.call("POST", "/api/tenants/import",
                                  {"tenants": [{"id": "shop-us", "name": "Shop US"},
                                               {"id": "bad id!", "name": "x"}]}, root)
    results = envelope(status, body)["results"]
    assert [r["code"] for r in results] == ["ok", "invalid_argument"]
    assert results[1]["field"] == "id"
    status, _, body = server.raw("POST", "/api/users/" + ann + "/tenants/assign", b'["shop-us"]',
                                 super_admin("shop-eu"))
    assert envelope(status, body)["tenants"] == ["shop-us"]
    status, _, body = server.call("GET", "/api/users/" + ann + "/tenants", headers=me)
    assert envelope(status, body)["tenants"] == ["shop-eu", "shop-us"]
    status, _, body = server.call("GET", "/api/tenants/export?name=shop", headers=root)
    lines = envelope(status, body)["lines"].splitlines()
    assert ['"id":"shop-eu"' in lines[0], '"id":"shop-us"' in lines[1]] == [True, True]

    # Disabled: sign-in in the tenant is refused; enabled again, it works.
    status, _, body = server.call("POST", "/api/tenants/shop-eu/update", {"status": "disabled"},
                                  root)
    assert envelope(status, body)["status"] == "disabled"
    signin = {"identifier": "ann@example.com", "password": PASSWORD}
    refused = error(server, "POST", "/account/signin", {"X-Tenant-Id": "shop-eu"}, 409, signin)
    assert refused["errors"][0]["field"] == "tenant"
    status, _, body = server.call("POST", "/api/tenants/shop-eu/update", {"status": "active"}, root)
    envelope(status, body)
    status, _, body = server.call("POST", "/account/signin", signin, {"X-Tenant-Id": "shop-eu"})
    assert envelope(status, body)["user_id"] == ann

    # Delete: refused while it has users, unless forced.
    assert error(server, "POST", "/api/tenants/shop-eu/delete", root, 409,
                 {})["errors"][0]["field"] == "force"
    status, _, body = server.call("POST", "/api/tenants/shop-eu/delete?force=true", headers=root)
    assert envelope(status, body)["removed"] > 0
    error(server, "GET", "/api/tenants/shop-eu", root, 404)
    status, _, body = server.call("GET", "/api/users/" + ann + "/tenants",
                                  headers=super_admin("shop-us"))
    assert envelope(status, body, 404)["error"] == "not_found"


def test_tenant_routes_refuse_bad_input_wrong_roles_and_missing_credentials(server):
    create_shop_eu(server)
    root = super_admin()
    ann = register_in(server, "shop-eu", "ann")
    eu = admin("shop-eu")

    # Bad input: 400 naming the field, nothing written.
    def field(method, path, headers, body=None):
        return error(server, method, path, headers, 400, body)["errors"][0]["field"]

    assert field("POST", "/api/tenants", root, {"tenant_id": "bad id!", "name": "x"}) == "id"
    assert field("POST", "/api/tenants", root, {"id": "shop-x", "name": "x", "settings": 3}) \
        == "settings"
    assert field("POST", "/api/tenants", root, {"id": "shop-x", "name": "x", "color": "red"}) \
        == "color"
    assert field("GET", "/api/tenants?page=0", root) == "page"
    assert field("POST", "/api/tenants/shop-eu/update", root, {"status": "sleeping"}) == "status"
    assert field("POST", "/api/tenants/shop-eu/delete?force=maybe", root) == "force"
    assert field("POST", "/api/tenants/import", root, {"tenants": "shop"}) == "tenants"
    assert field("POST", "/api/role/assign", eu, {"user_id": ann}) == "role"
    assert field("POST", "/api/role/assign", eu, {"user_id": ann, "roles": "support"}) == "roles"
    assert field("POST", "/api/role", eu, {"name": ""}) == "name"
    assert field("POST", "/api/permission", eu, {"name": "nodot"}) == "name"
    assert field("GET", "/api/tenants/bad%20id/roles", root) == "tenant_id"
    status, _, body = server.raw("POST", "/api/users/" + ann + "/tenants/assign", b"[1]",
                                 super_admin("shop-eu"))
    assert envelope(status, body, 400)["errors"][0]["field"].startswith("tenants")
    status, _, body = server.raw("POST", "/api/users/" + ann + "/tenants/assign", b"[",
                                 super_admin("shop-eu"))
    envelope(status, body, 400)
    status, _, body = server.call("GET", "/api/tenants?name=shop-x", headers=root)
    assert envelope(status, body)["tenants"] == []

    # Wrong role: 403.
    assert error(server, "POST", "/api/tenants", eu, 403,
                 {"id": "shop-x", "name": "x"})["error"] == "permission_denied"
    error(server, "GET", "/api/tenants", eu, 403)
    error(server, "POST", "/api/tenants/shop-eu/delete?force=true", eu, 403)
    error(server, "GET", "/api/roles", server.as_user(ann, tenant="shop-eu"), 403)
    error(server, "POST", "/api/role", server.as_user(ann, tenant="shop-eu"), 403,
          {"name": "x"})
    # A tenant admin names only their own tenant in the path.
    assert error(server, "GET", "/api/tenants/shop-eu/roles", admin("default"), 403
                 )["errors"][0]["field"] == "tenant_id"
    # A member reads only their own tenants.
    bob = register_in(server, "shop-eu", "bob")
    error(server, "GET", "/api/users/" + ann + "/tenants", server.as_user(bob, tenant="shop-eu"),
          403)
    # More than one act-as header: 400.
    error(server, "GET", "/api/tenants", {**root, "X-Act-As-Admin": "ops"}, 400)

    # Missing or wrong credentials: 401.
    error(server, "GET", "/api/tenants", {}, 401)
    error(server, "POST", "/api/tenants", {}, 401, {"id": "shop-x", "name": "x"})
    error(server, "GET", "/api/user/roles", {}, 401)
    error(server, "GET", "/api/tenants",
          {"X-Internal-Secret": "wrong-secret-0123456789", "X-Act-As-Super-Admin": "root"}, 401)

    # Unknown tenant: 404.
    assert error(server, "GET", "/api/tenants/nope", root, 404)["error"] == "not_found"
    error(server, "POST", "/api/tenants/nope/update", root, 404, {"name": "x"})
    error(server, "POST", "/api/tenants/nope/delete", root, 404)
    error(server, "GET", "/api/tenants/nope/roles", root, 404)
    error(server, "POST", "/api/role", admin("nope"), 404, {"name": "support"})


def test_a_tenants_users_paged_and_roles_created_in_a_batch(server):
    create_shop_eu(server)
    root = super_admin()
    eu = admin("shop-eu")
    ann = register_in(server, "shop-eu", "ann")
    server.advance(60)
    bob = register_in(server, "shop-eu", "bob")
    server.advance(60)
    home = register_in(server, "default", "carl")  # then a member of shop-eu
    status, _, body = server.raw("POST", "/api/users/" + home + "/tenants/assign",
                                 b'["shop-eu"]', root)
    envelope(status, body)

    # seed 004 GET /api/tenants/{tenant_id}/users: oldest first, paged.
    status, _, body = server.call("GET", "/api/tenants/shop-eu/users?page=1&limit=2", headers=eu)
    page = envelope(status, body)
    assert page["total"] == 3 and [u["user_id"] for u in page["users"]] == [ann, bob]
    assert page["users"][0]["username"] == "ann" and page["users"][0]["home_tenant"] == "shop-eu"
    status, _, body = server.call("GET", "/api/tenants/shop-eu/users?page=2&limit=2", headers=root)
    member = envelope(status, body)["users"]
    assert [(u["user_id"], u["home_tenant"]) for u in member] == [(home, "default")]
    status, _, body = server.call("GET", "/api/tenants/default/users", headers=server.as_admin())
    assert [u["user_id"] for u in envelope(status, body)["users"]] == [home]
    # Refused: a member, another tenant's admin, no credentials, a bad page.
    assert error(server, "GET", "/api/tenants/shop-eu/users", server.as_user(ann, "shop-eu"),
                 403)["error"] == "permission_denied"
    assert error(server, "GET", "/api/tenants/shop-eu/users", admin("default"),
                 403)["errors"][0]["field"] == "tenant_id"
    error(server, "GET", "/api/tenants/shop-eu/users", {"X-Tenant-Id": "shop-eu"}, 401)
    assert error(server, "GET", "/api/tenants/shop-eu/users?limit=0", eu,
                 400)["errors"][0]["field"] == "limit"
    error(server, "GET", "/api/tenants/nope/users", root, 404)

    # seed 004 POST /api/tenants/{tenant_id}/roles/batch: all or none.
    status, _, body = server.call("POST", "/api/tenants/shop-eu/roles/batch",
                                  {"roles": [{"name": "support", "description": "helpdesk"},
                                             {"name": "auditor"}]}, eu)
    assert [r["name"] for r in envelope(status, body)["roles"]] == ["support", "auditor"]
    status, _, body = server.raw("POST", "/api/tenants/shop-eu/roles/batch",
                                 b'[{"name": "sales"}]', root)
    assert [r["name"] for r in envelope(status, body)["roles"]] == ["sales"]
    assert error(server, "POST", "/api/tenants/shop-eu/roles/batch", eu, 409,
                 {"roles": [{"name": "buyers"}, {"name": "support"}]}
                 )["errors"][0]["field"] == "roles[1].name"
    for payload, field in (({"roles": [{"name": "a"}, {"name": "a"}]}, "roles[1].name"),
                           ({"roles": [{"name": "admin"}]}, "roles[0].name"),
                           ({"roles": [{"name": 5}]}, "roles[0].name"),
                           ({"roles": [{"name": "x", "colour": "red"}]}, "roles[0].colour"),
                           ({"roles": []}, "roles"),
                           ({"roles": "support"}, "roles"),
                           ("support", "body")):
        assert error(server, "POST", "/api/tenants/shop-eu/roles/batch", eu, 400,
                     payload)["errors"][0]["field"] == field, payload
    status, _, body = server.raw("POST", "/api/tenants/shop-eu/roles/batch", b'[{"name": ', eu)
    assert envelope(status, body, 400)["error"] == "invalid_argument"
    error(server, "POST", "/api/tenants/shop-eu/roles/batch", server.as_user(ann, "shop-eu"), 403,
          {"roles": [{"name": "mine"}]})
    status, _, body = server.call("GET", "/api/tenants/shop-eu/roles", headers=eu)
    names = [r["name"] for r in envelope(status, body)["roles"]]
    assert names[5:] == ["auditor", "sales", "support"]  # after the built-in five; no "buyers"
