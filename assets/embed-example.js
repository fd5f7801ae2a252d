// Lists the events the example's two simulators dispatch.
for (const kind of ['porthole-ready', 'porthole-command', 'porthole-solved']) {
  document.addEventListener(kind, (event) => {
    const item = document.createElement('li');
    item.textContent = `${event.target.id}: ${kind} ${JSON.stringify(event.detail)}`;
    document.getElementById('events').appendChild(item);
  });
}
