-- The app's data version: advanced (nextval) after every committed write Rocket makes to the app's
-- records, on any node. List totals are kept per (count query, data version), so a total is counted
-- again only after a write (or after a short time, for writes made outside Rocket).
CREATE SEQUENCE IF NOT EXISTS _rocket_data_version;
