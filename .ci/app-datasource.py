#!/usr/bin/env python3
"""An app on a data source of the container, on a running server.

The server binds `--jndi` (a JNDI name) to the pre-provisioned PostgreSQL database `--database`, which
Rocket must use as it is. The check creates an app naming that data source, defines an entity, writes and
reads a record, and then looks into PostgreSQL (psql): Rocket's tables are in the schema rocket_<app> of that
database and no database rocket_<app> was created. It deletes the app: the database and the tables stay. It
creates the app again (the tables and the record are taken over) and deletes it with drop_tables=true: the
schema goes, the database stays.

Exit status 1 on the first thing that is not so. Python 3 standard library and psql.

  python3 .ci/app-datasource.py --base-url http://127.0.0.1:8080 --jndi java:comp/env/jdbc/appds \
      --database rocket_matrix_appds [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user postgres]
"""
import argparse
import json
import secrets
import subprocess
import sys
import urllib.error
import urllib.request


class Check:
    def __init__(self, args):
        self.a = args
        self.base = args.base_url.rstrip("/")

    def http(self, method, path, body=None, token=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=120) as res:
                raw = res.read()
                return res.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw.decode(errors="replace")

    def expect(self, what, got, status):
        if got[0] != status:
            raise SystemExit(f"FAIL: {what}: HTTP {got[0]} (expected {status}): {got[1]}")
        print(f"ok: {what} (HTTP {status})")
        return got[1]

    def sql(self, query, database=None):
        out = subprocess.run(["psql", "-h", self.a.pg_host, "-p", str(self.a.pg_port), "-U", self.a.pg_user,
                              "-d", database or self.a.database, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", query],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"FAIL: psql {query!r}: {out.stderr.strip()}")
        return out.stdout.strip()

    def require(self, what, actual, expected):
        if actual != expected:
            raise SystemExit(f"FAIL: {what}: got {actual!r}, expected {expected!r}")
        print(f"ok: {what}")

    def tables(self, schema):
        return self.sql(f"SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                        f"WHERE schemaname = '{schema}' AND tablename IN ('_entities', 'note')")

    def database_exists(self, name):
        return self.sql(f"SELECT count(*) FROM pg_database WHERE datname = '{name}'", "postgres") == "1"

    def create_app(self, platform, name):
        body = self.expect(f"create app {name} on {self.a.jndi}",
                           self.http("POST", "/api/_platform/apps", {"name": name, "datasource": self.a.jndi}, platform), 201)
        self.require("the app names its data source", (body.get("data") or body).get("datasource"), self.a.jndi)
        login = self.expect("app admin login", self.http("POST", f"/api/{name}/auth/login",
                                                        {"email": "admin@localhost", "password": "changeme"}), 200)
        return (login.get("data") or login)["access_token"]

    def run(self):
        name = "mxds" + secrets.token_hex(3)
        schema = "rocket_" + name
        login = self.expect("platform login", self.http("POST", "/api/_platform/auth/login",
                                                        {"email": "platform@localhost", "password": "changeme"}), 200)
        platform = (login.get("data") or login)["access_token"]
        self.require(f"database {self.a.database} exists before", self.database_exists(self.a.database), True)

        admin = self.create_app(platform, name)
        self.expect("define entity note", self.http("POST", f"/api/{name}/_admin/entities", {
            "name": "note", "table": "note", "soft_delete": False,
            "primary_key": {"field": "id", "type": "uuid", "generated": True},
            "fields": [{"name": "id", "type": "uuid", "required": True},
                       {"name": "title", "type": "string", "required": True}]}, admin), 201)
        created = self.expect("write a record", self.http("POST", f"/api/{name}/note", {"title": "on the DBA's database"}, admin), 201)
        record_id = (created.get("data") or created)["id"]
        read = self.expect("read it back", self.http("GET", f"/api/{name}/note/{record_id}", token=admin), 200)
        self.require("the record's title", (read.get("data") or read)["title"], "on the DBA's database")

        self.require(f"Rocket's tables are in schema {schema} of {self.a.database}", self.tables(schema), "_entities,note")
        self.require(f"the record is in {self.a.database}", self.sql(f'SELECT title FROM "{schema}".note'), "on the DBA's database")
        self.require(f"no database {schema} was created", self.database_exists(schema), False)

        self.expect("delete the app", self.http("DELETE", f"/api/_platform/apps/{name}", token=platform), 200)
        self.require(f"database {self.a.database} still exists", self.database_exists(self.a.database), True)
        self.require("its tables stay", self.tables(schema), "_entities,note")

        admin = self.create_app(platform, name)
        read = self.expect("the app created again reads the kept record",
                           self.http("GET", f"/api/{name}/note/{record_id}", token=admin), 200)
        self.require("the kept record's title", (read.get("data") or read)["title"], "on the DBA's database")
        self.expect("delete the app with drop_tables=true",
                    self.http("DELETE", f"/api/_platform/apps/{name}?drop_tables=true", token=platform), 200)
        self.require(f"schema {schema} is gone", self.sql(f"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'"), "0")
        self.require(f"database {self.a.database} still exists", self.database_exists(self.a.database), True)
        print(f"OK: app on {self.a.jndi}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base-url", required=True)
    p.add_argument("--jndi", required=True)
    p.add_argument("--database", required=True)
    p.add_argument("--pg-host", default="127.0.0.1")
    p.add_argument("--pg-port", default="5432")
    p.add_argument("--pg-user", default="postgres")
    Check(p.parse_args()).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
