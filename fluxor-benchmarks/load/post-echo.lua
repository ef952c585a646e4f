-- wrk script: POST /api/echo with a small JSON body (the same body on every request).
wrk.method = "POST"
wrk.path = "/api/echo"
wrk.body = '{"message":"hello fluxor","n":42}'
wrk.headers["Content-Type"] = "application/json"
