/*
 * Assistant cartes CPx: the embeddable snippet. On any page:
 *   <script src="https://<adresse-du-bot>/embed.js" defer></script>
 * adds a chat button in the bottom right corner; it opens the assistant in a panel
 * (an iframe of the bot's own page, which keeps its strict security policy).
 * Styles are set through the DOM (no inline <style>), so a host page's CSP needs only
 * script-src and frame-src for the bot's address.
 */
(function () {
  'use strict';
  if (window.__assistantCartesCpx) return;
  window.__assistantCartesCpx = true;
  var script = document.currentScript;
  var origine = new URL(script && script.src ? script.src : '/', window.location.href).origin;
  var BLEU = '#0c419a';
  var ID_PANNEAU = 'assistant-cpx-panneau';

  function style(el, props) { for (var k in props) el.style[k] = props[k]; return el; }

  function creer() {
    var bouton = document.createElement('button');
    bouton.type = 'button';
    bouton.id = 'assistant-cpx-bouton';
    bouton.textContent = 'Une question sur les cartes CPS ?';
    bouton.setAttribute('aria-expanded', 'false');
    bouton.setAttribute('aria-controls', ID_PANNEAU);
    style(bouton, {
      position: 'fixed', right: '1.25rem', bottom: '1.25rem', zIndex: '2147483000',
      background: BLEU, color: '#fff', border: '2px solid #fff', borderRadius: '2rem',
      padding: '.75rem 1.25rem', font: 'bold 1rem Arial, Helvetica, sans-serif',
      boxShadow: '0 2px 8px rgba(0,0,0,.3)', cursor: 'pointer'
    });

    var panneau = document.createElement('div');
    panneau.id = ID_PANNEAU;
    panneau.setAttribute('role', 'dialog');
    panneau.setAttribute('aria-label', 'Assistant cartes CPx');
    panneau.hidden = true;
    style(panneau, {
      position: 'fixed', right: '1.25rem', bottom: '5rem', zIndex: '2147483000',
      width: 'min(26rem, calc(100vw - 2.5rem))', height: 'min(40rem, calc(100vh - 7rem))',
      background: '#fff', border: '1px solid #c5cfe0', borderTop: '6px solid ' + BLEU, borderRadius: '8px',
      boxShadow: '0 4px 16px rgba(0,0,0,.3)', display: 'none', flexDirection: 'column', overflow: 'hidden'
    });

    var entete = style(document.createElement('div'), {
      display: 'flex', alignItems: 'center', justifyContent: 'space-between',
      padding: '.5rem .75rem', borderBottom: '1px solid #c5cfe0', font: '1rem Arial, Helvetica, sans-serif'
    });
    var titre = style(document.createElement('h2'), { margin: '0', fontSize: '1.0625rem', color: BLEU });
    titre.textContent = 'Assistant cartes CPx';
    var fermer = document.createElement('button');
    fermer.type = 'button';
    fermer.textContent = 'Fermer';
    fermer.setAttribute('aria-label', "Fermer l'assistant");
    style(fermer, { background: '#fff', color: BLEU, border: '1px solid ' + BLEU, borderRadius: '4px', padding: '.25rem .75rem', font: '1rem Arial, Helvetica, sans-serif', cursor: 'pointer' });
    entete.appendChild(titre);
    entete.appendChild(fermer);
    panneau.appendChild(entete);

    // the panel stays open from one page of the site to the next (browser session only)
    var CLE_OUVERT = 'assistant-cpx:ouvert';
    function retenirOuvert(ouvert) {
      try { if (ouvert) window.sessionStorage.setItem(CLE_OUVERT, '1'); else window.sessionStorage.removeItem(CLE_OUVERT); } catch (e) { /* not kept */ }
    }

    var cadre = null;
    function ouvrir(sansFocus) {
      if (!cadre) {
        cadre = document.createElement('iframe');
        cadre.title = 'Conversation avec l\u2019assistant cartes CPx';
        cadre.src = origine + '/?integre=1';
        style(cadre, { border: '0', width: '100%', flex: '1 1 auto' });
        panneau.appendChild(cadre);
      }
      panneau.hidden = false;
      panneau.style.display = 'flex';
      bouton.setAttribute('aria-expanded', 'true');
      retenirOuvert(true);
      if (!sansFocus) cadre.focus();
    }
    function refermer() {
      panneau.hidden = true;
      panneau.style.display = 'none';
      bouton.setAttribute('aria-expanded', 'false');
      retenirOuvert(false);
      bouton.focus();
    }
    bouton.addEventListener('click', function () { if (panneau.hidden) ouvrir(false); else refermer(); });
    fermer.addEventListener('click', refermer);
    panneau.addEventListener('keydown', function (e) { if (e.key === 'Escape') refermer(); });
    window.addEventListener('message', function (e) {
      if (e.origin === origine && cadre && e.source === cadre.contentWindow && e.data && e.data.type === 'assistant-cpx:fermer' && !panneau.hidden) refermer();
    });
    [bouton, fermer].forEach(function (b) {
      b.addEventListener('focus', function () { b.style.outline = '3px solid #ffbf47'; b.style.outlineOffset = '2px'; });
      b.addEventListener('blur', function () { b.style.outline = ''; });
    });

    document.body.appendChild(panneau);
    document.body.appendChild(bouton);
    // reopened after a reload or on the next page, without taking the focus
    var ouvert = false;
    try { ouvert = window.sessionStorage.getItem(CLE_OUVERT) === '1'; } catch (e) { /* not kept */ }
    if (ouvert) ouvrir(true);
  }

  if (document.body) creer();
  else document.addEventListener('DOMContentLoaded', creer);
})();
