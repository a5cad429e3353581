# The web app under gunicorn; docker-compose.yml runs it beside PostgreSQL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# antiword reads legacy .doc files (docs/formats.md); without it they are
# refused with a request for .docx.
RUN apt-get update && apt-get install -y --no-install-recommends antiword \
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
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py collectstatic --noinput && python manage.py load_bundled_corpus && exec gunicorn kb.wsgi --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --access-logfile -"]
