# 产业培育 portal: one image for web (gunicorn), worker and beat (Celery). See docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PRIVATE_MEDIA_ROOT=/var/lib/portal/private_media

WORKDIR /app
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home portal

# Dependencies first (the layer is reused while pyproject.toml does not change). Every dependency ships a
# manylinux wheel (psycopg2-binary included), so no compiler is needed.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself, installed from pyproject.toml. Editable, so that BASE_DIR stays /app: templates,
# static, locale and programs/data are read from the source tree, not from site-packages.
COPY . .
# Build steps need settings but no database: a throw-away key satisfies config.settings.production.
RUN pip install --no-deps -e . \
    && DJANGO_SECRET_KEY=build-only-not-secret bin/portal build \
    && mkdir -p /var/lib/portal/private_media /var/lib/portal/beat \
    && chown -R portal:portal /var/lib/portal

USER portal
EXPOSE 8000

# bin/portal is the one entry point of every process: docker-compose.yml runs `bin/portal worker` and
# `bin/portal beat` from this image, and tests/deploy/test_production_stack_*.py runs the same subcommands.
CMD ["/app/bin/portal", "web"]
