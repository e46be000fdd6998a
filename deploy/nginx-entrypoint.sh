#!/bin/sh
# Renders /etc/teamboard/nginx/*.template into /etc/nginx/ with envsubst, restricted to
# the TB_* variables (nginx's own $variables are left alone), then starts nginx. A TB_*
# placeholder without a value stops the start-up, as deploy/nginx/render.py does.
set -eu
names=$(grep -oh '\${TB_[A-Z0-9_]*}' /etc/teamboard/nginx/*.template | sort -u)
for name in $names; do
  var=${name#\$\{}; var=${var%\}}
  if [ -z "$(printenv "$var" || true)" ]; then
    echo "teamboard-nginx: $var is not set" >&2
    exit 2
  fi
done
for template in /etc/teamboard/nginx/*.template; do
  target=/etc/nginx/$(basename "$template" .template)
  envsubst "$(echo $names | tr ' ' ',')" < "$template" > "$target"
done
nginx -t -q
exec "$@"
