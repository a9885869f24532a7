// inkstone watch: reload the preview when a new build is ready.
new EventSource('/events').onmessage = () => location.reload();
