// Registers <porthole-sim>, a Porthole simulator in a frame.
//
//   <script src="porthole-embed.js"></script>
//   <porthole-sim commands="docker pull alpine" panes="terminal,graph"></porthole-sim>
//
// Attributes: dockerfile, commands (one per line), autoplay, panes, theme,
// lang, lesson, height, src (the page to frame; by default index.html
// beside this script). Child <template data-path="app.py"> elements add
// build context files. The element sizes its frame to the page inside and
// dispatches porthole-ready, porthole-command, porthole-solved and
// porthole-resize events (bubbling, details in event.detail).
(() => {
  const base = new URL('index.html', document.currentScript?.src ?? location.href);
  const options = ['dockerfile', 'commands', 'autoplay', 'panes', 'theme', 'lang', 'lesson', 'height', 'src'];

  class PortholeSim extends HTMLElement {
    static observedAttributes = options;

    connectedCallback() {
      this.frame ??= document.createElement('iframe');
      this.frame.title = this.getAttribute('title') ?? 'Porthole Docker simulator';
      this.frame.setAttribute('loading', 'lazy');
      this.frame.style.width = '100%';
      this.frame.style.border = '0';
      this.frame.style.display = 'block';
      this.frame.style.height = `${Number(this.getAttribute('height') ?? 480) + 160}px`;
      if (!this.frame.isConnected) this.appendChild(this.frame);
      this.listener ??= (event) => this.receive(event);
      window.addEventListener('message', this.listener);
      this.load();
    }

    disconnectedCallback() {
      window.removeEventListener('message', this.listener);
    }

    attributeChangedCallback() {
      if (this.frame?.isConnected) this.load();
    }

    /** Returns the framed page's address for the current attributes. */
    address() {
      const target = new URL(this.getAttribute('src') ?? base, location.href);
      const query = new URLSearchParams({ embed: '1' });
      for (const name of ['panes', 'theme', 'lang', 'lesson', 'height']) {
        if (this.hasAttribute(name)) query.set(name, this.getAttribute(name));
      }
      if (this.hasAttribute('autoplay')) query.set('autoplay', '1');
      if (this.hasAttribute('dockerfile')) query.set('dockerfile', this.getAttribute('dockerfile'));
      for (const template of this.querySelectorAll('template[data-path]')) {
        query.append('file', `${template.dataset.path}:${template.content.textContent}`);
      }
      for (const line of (this.getAttribute('commands') ?? '').split('\n')) {
        if (line.trim()) query.append('run', line.trim());
      }
      target.search = query.toString();
      return target.href;
    }

    load() {
      const address = this.address();
      if (this.frame.src !== address) this.frame.src = address;
    }

    /** Turns the framed page's messages into DOM events on this element. */
    receive(event) {
      if (event.source !== this.frame.contentWindow || typeof event.data !== 'string') return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      const kind = message?.porthole;
      if (kind === 'height' && Number.isFinite(message.height)) {
        this.frame.style.height = `${Math.max(120, Math.min(10000, message.height))}px`;
        this.dispatchEvent(new CustomEvent('porthole-resize', { bubbles: true, detail: { height: message.height } }));
      } else if (['ready', 'command', 'solved'].includes(kind)) {
        const { porthole, ...detail } = message;
        this.dispatchEvent(new CustomEvent(`porthole-${kind}`, { bubbles: true, detail }));
      }
    }
  }

  if (!customElements.get('porthole-sim')) customElements.define('porthole-sim', PortholeSim);
})();
