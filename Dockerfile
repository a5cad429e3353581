# The web app under gunicorn; docker-compose.yml runs it beside PostgreSQL.
FROM python:3.11-slim

# Each gunicorn worker keeps its Prometheus counters in files here, so that
# /metrics adds up every worker's (kb/metrics.py); emptied at every start.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus

# antiword reads legacy .doc files (docs/formats.md); without it they are
# refused with a request for .docx. WenQuanYi Zen Hei is a Chinese font the
# PDF downloads can embed (docs/exports.md); without it they name STSong-Light.
RUN apt-get update && apt-get install -y --no-install-recommends antiword fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY kb ./kb
COPY essays ./essays
RUN pip install .
COPY . .

RUN useradd --create-home kb && mkdir -p /app/data /app/staticfiles && chown -R kb /app
USER kb

EXPOSE 8000
# Each request is logged once, as JSON, by the app (kb/request_log.py), so
# gunicorn keeps no access log of its own.
CMD ["sh", "-c", "rm -rf \"$PROMETHEUS_MULTIPROC_DIR\" && mkdir -p \"$PROMETHEUS_MULTIPROC_DIR\" && python manage.py migrate --noinput && python manage.py collectstatic --noinput && python manage.py load_bundled_corpus && exec gunicorn kb.wsgi --bind 0.0.0.0:8000"]
