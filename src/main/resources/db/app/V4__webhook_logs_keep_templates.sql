-- Delivery logs keep the configured header templates, never their resolved values: earlier versions
-- stored headers with {{env.NAME}} already replaced, which could expose server secrets through the log
-- API. Existing rows get their webhook's current templates back (a retry resolves them when it sends).
UPDATE _webhook_logs l
   SET request_headers = CASE
           WHEN EXISTS (SELECT 1 FROM jsonb_object_keys(w.headers) k WHERE lower(k) = 'content-type') THEN w.headers
           ELSE jsonb_build_object('Content-Type', 'application/json') || w.headers
       END
  FROM _webhooks w
 WHERE w.id = l.webhook_id;

UPDATE _webhook_logs SET request_headers = '{"Content-Type": "application/json"}' WHERE webhook_id IS NULL;
