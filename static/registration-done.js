// LTI Dynamic Registration §3.7: tell the platform's registration window that we are done.
(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
