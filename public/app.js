/* Assistant cartes CPx: starts Web Chat on this page (no inline script: the page's CSP forbids it). */
(function () {
  'use strict';
  var statut = document.getElementById('statut');
  var conteneur = document.getElementById('webchat');
  if (window.self !== window.top) {
    document.documentElement.classList.add('integre');
    // Escape inside the panel closes it (the key does not reach the host page from a frame)
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') window.parent.postMessage({ type: 'assistant-cpx:fermer' }, '*');
    });
  }

  var INDISPONIBLE = "Le service de discussion est momentanément indisponible. Réessayez dans quelques minutes ; en cas d'urgence, contactez votre CPAM.";
  var ECHEC_CONNEXION = 4; // DirectLineJS ConnectionStatus.FailedToConnect
  var FIN = 5; // ConnectionStatus.Ended

  function indisponible() {
    statut.textContent = INDISPONIBLE;
    statut.className = 'statut erreur';
    statut.setAttribute('role', 'alert');
    statut.hidden = false;
    conteneur.hidden = true;
  }

  var styleOptions = {
    accent: '#0c419a',
    primaryFont: 'Arial, "Helvetica Neue", Helvetica, sans-serif',
    backgroundColor: '#ffffff',
    bubbleBackground: '#eef3fb',
    bubbleBorderColor: '#c5cfe0',
    bubbleBorderRadius: 8,
    bubbleBorderWidth: 1,
    bubbleTextColor: '#1a1a1a',
    bubbleFromUserBackground: '#0c419a',
    bubbleFromUserBorderColor: '#0c419a',
    bubbleFromUserBorderRadius: 8,
    bubbleFromUserTextColor: '#ffffff',
    bubbleMaxWidth: 640,
    subtle: '#4d4d4d',
    timestampColor: '#4d4d4d',
    hideUploadButton: true,
    sendBoxButtonColor: '#0c419a',
    sendBoxButtonColorOnHover: '#072a66',
    sendBoxTextWrap: true,
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#0c419a',
    suggestedActionTextColor: '#0c419a',
    suggestedActionBorderRadius: 6,
    botAvatarInitials: 'AM',
    botAvatarBackgroundColor: '#0c419a',
    avatarSize: 36,
    cardEmphasisBackgroundColor: '#eef3fb'
  };

  function demarrer() {
    if (!window.WebChat) { indisponible(); return; }
    var controle = new AbortController();
    var delai = setTimeout(function () { controle.abort(); }, 10000);
    fetch('/api/directline/token', { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: '{}', credentials: 'same-origin', signal: controle.signal })
      .then(function (r) { if (!r.ok) throw new Error('jeton refusé : ' + r.status); return r.json(); })
      .then(function (session) {
        clearTimeout(delai);
        var domaine = new URL(session.domain, window.location.href).href.replace(/\/$/, '');
        var directLine = window.WebChat.createDirectLine({ domain: domaine, token: session.token, webSocket: !!session.webSocket, pollingInterval: 500 });
        directLine.connectionStatus$.subscribe(function (s) { if (s === ECHEC_CONNEXION || s === FIN) indisponible(); });
        var store = window.WebChat.createStore({}, function (api) {
          return function (next) {
            return function (action) {
              if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') {
                statut.hidden = true;
                api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: { locale: 'fr-FR' } } });
              }
              return next(action);
            };
          };
        });
        window.WebChat.renderWebChat({ directLine: directLine, store: store, locale: 'fr-FR', userID: session.userId, username: 'Vous', styleOptions: styleOptions }, conteneur);
        statut.textContent = 'Connecté. Posez votre question dans la zone de saisie en bas de la conversation.';
      })
      .catch(function () { clearTimeout(delai); indisponible(); });
  }

  demarrer();
})();
