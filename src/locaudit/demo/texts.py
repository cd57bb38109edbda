"""Help-article text in six languages, composed deterministically into article bodies.

Real sentences, not lorem ipsum: language detection must recognise each language, so the
demo exercises the same code path as a real help center.
"""

from __future__ import annotations

LANGUAGES = ("en", "de", "fr", "ja", "es", "pt")

SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "Open the settings page from the menu in the top right corner of your dashboard.",
        "Changes are saved automatically and apply to every member of your workspace.",
        "If the problem persists, clear your browser cache and sign in again.",
        "Administrators can review every change in the activity log of the account.",
        "We send a confirmation email as soon as the update is complete.",
        "Invoices are available as PDF files and can be downloaded at any time.",
        "Make sure your email address is verified before you invite other users.",
        "The integration synchronises your data every fifteen minutes in the background.",
        "You can export all reports as a spreadsheet from the analytics page.",
        "Contact our support team if you cannot find the option described here.",
        "Two-factor authentication protects your account even when your password is stolen.",
        "Deleted projects stay in the trash for thirty days before they are removed for good.",
        "Your subscription renews automatically at the end of each billing period.",
        "Mobile notifications can be turned off separately for each device you use.",
    ),
    "de": (
        "Öffnen Sie die Einstellungen über das Menü oben rechts in Ihrem Dashboard.",
        "Änderungen werden automatisch gespeichert und gelten für alle Mitglieder Ihres "
        "Arbeitsbereichs.",
        "Wenn das Problem weiterhin besteht, leeren Sie den Browser-Cache und melden Sie sich "
        "erneut an.",
        "Administratoren können jede Änderung im Aktivitätsprotokoll des Kontos überprüfen.",
        "Wir senden Ihnen eine Bestätigung per E-Mail, sobald die Aktualisierung "
        "abgeschlossen ist.",
        "Rechnungen stehen als PDF-Dateien bereit und können jederzeit heruntergeladen werden.",
        "Stellen Sie sicher, dass Ihre E-Mail-Adresse bestätigt ist, bevor Sie weitere "
        "Benutzer einladen.",
        "Die Integration gleicht Ihre Daten alle fünfzehn Minuten im Hintergrund ab.",
        "Alle Berichte lassen sich auf der Analyseseite als Tabelle exportieren.",
        "Wenden Sie sich an unser Support-Team, wenn Sie die beschriebene Option nicht finden.",
        "Die Zwei-Faktor-Authentifizierung schützt Ihr Konto, selbst wenn Ihr Passwort "
        "gestohlen wurde.",
        "Gelöschte Projekte bleiben dreißig Tage im Papierkorb, bevor sie endgültig entfernt "
        "werden.",
        "Ihr Abonnement verlängert sich automatisch am Ende jedes Abrechnungszeitraums.",
        "Benachrichtigungen auf dem Handy lassen sich für jedes Gerät einzeln abschalten.",
    ),
    "fr": (
        "Ouvrez la page des paramètres depuis le menu situé en haut à droite de votre "
        "tableau de bord.",
        "Les modifications sont enregistrées automatiquement et s'appliquent à tous les "
        "membres de votre espace de travail.",
        "Si le problème persiste, videz le cache de votre navigateur et reconnectez-vous.",
        "Les administrateurs peuvent consulter chaque modification dans le journal "
        "d'activité du compte.",
        "Nous vous envoyons un e-mail de confirmation dès que la mise à jour est terminée.",
        "Les factures sont disponibles au format PDF et peuvent être téléchargées à tout "
        "moment.",
        "Vérifiez que votre adresse e-mail est confirmée avant d'inviter d'autres "
        "utilisateurs.",
        "L'intégration synchronise vos données toutes les quinze minutes en arrière-plan.",
        "Vous pouvez exporter tous les rapports sous forme de tableur depuis la page "
        "d'analyse.",
        "Contactez notre équipe d'assistance si vous ne trouvez pas l'option décrite ici.",
        "L'authentification à deux facteurs protège votre compte même si votre mot de passe "
        "est volé.",
        "Les projets supprimés restent dans la corbeille pendant trente jours avant d'être "
        "effacés définitivement.",
        "Votre abonnement est renouvelé automatiquement à la fin de chaque période de "
        "facturation.",
        "Les notifications mobiles peuvent être désactivées séparément pour chaque appareil.",
    ),
    "ja": (
        "ダッシュボードの右上にあるメニューから設定ページを開いてください。",
        "変更は自動的に保存され、ワークスペースのすべてのメンバーに適用されます。",
        "問題が解決しない場合は、ブラウザのキャッシュを消去してから再度サインインしてください。",
        "管理者はアカウントのアクティビティログですべての変更を確認できます。",
        "更新が完了すると、確認のメールをお送りします。",
        "請求書はPDFファイルとして用意されており、いつでもダウンロードできます。",
        "ほかのユーザーを招待する前に、メールアドレスが確認済みであることを確かめてください。",
        "連携機能はバックグラウンドで十五分ごとにデータを同期します。",
        "分析ページからすべてのレポートをスプレッドシートとして書き出せます。",
        "ここで説明している項目が見つからない場合は、サポートチームまでお問い合わせください。",
        "二段階認証を使うと、パスワードが盗まれてもアカウントを守ることができます。",
        "削除したプロジェクトは、完全に消去されるまで三十日間ゴミ箱に残ります。",
        "サブスクリプションは各請求期間の終わりに自動的に更新されます。",
        "モバイル通知は、お使いの端末ごとに個別にオフにできます。",
    ),
    "es": (
        "Abre la página de configuración desde el menú de la esquina superior derecha de tu "
        "panel.",
        "Los cambios se guardan automáticamente y se aplican a todos los miembros de tu "
        "espacio de trabajo.",
        "Si el problema continúa, borra la caché del navegador y vuelve a iniciar sesión.",
        "Los administradores pueden revisar cada cambio en el registro de actividad de la "
        "cuenta.",
        "Te enviamos un correo de confirmación en cuanto la actualización se haya completado.",
        "Las facturas están disponibles en formato PDF y se pueden descargar en cualquier "
        "momento.",
        "Asegúrate de que tu dirección de correo esté verificada antes de invitar a otros "
        "usuarios.",
        "La integración sincroniza tus datos cada quince minutos en segundo plano.",
        "Puedes exportar todos los informes como hoja de cálculo desde la página de análisis.",
        "Ponte en contacto con nuestro equipo de soporte si no encuentras la opción descrita "
        "aquí.",
        "La autenticación en dos pasos protege tu cuenta incluso si te roban la contraseña.",
        "Los proyectos eliminados permanecen en la papelera durante treinta días antes de "
        "borrarse definitivamente.",
        "Tu suscripción se renueva automáticamente al final de cada periodo de facturación.",
        "Las notificaciones del móvil se pueden desactivar por separado en cada dispositivo.",
    ),
    "pt": (
        "Abra a página de configurações pelo menu no canto superior direito do seu painel.",
        "As alterações são salvas automaticamente e valem para todos os membros do seu "
        "espaço de trabalho.",
        "Se o problema continuar, limpe o cache do navegador e faça login novamente.",
        "Os administradores podem conferir cada alteração no registro de atividades da conta.",
        "Enviamos um e-mail de confirmação assim que a atualização for concluída.",
        "As faturas ficam disponíveis em PDF e podem ser baixadas a qualquer momento.",
        "Verifique se o seu endereço de e-mail está confirmado antes de convidar outros "
        "usuários.",
        "A integração sincroniza os seus dados a cada quinze minutos em segundo plano.",
        "Você pode exportar todos os relatórios como planilha na página de análises.",
        "Fale com a nossa equipe de suporte se não encontrar a opção descrita aqui.",
        "A autenticação de dois fatores protege a sua conta mesmo que a senha seja roubada.",
        "Os projetos excluídos ficam na lixeira por trinta dias antes de serem apagados de vez.",
        "A sua assinatura é renovada automaticamente no fim de cada período de cobrança.",
        "As notificações no celular podem ser desativadas separadamente em cada aparelho.",
    ),
}

# Article titles: a topic and a variant, each translated.
TOPICS: dict[str, tuple[str, ...]] = {
    "en": ("Reset your password", "Update billing details", "Invite team members",
           "Connect the Slack integration", "Export your data", "Set up two-factor login",
           "Change your plan", "Manage notifications", "Delete a project",
           "Download invoices"),
    "de": ("Passwort zurücksetzen", "Zahlungsdaten ändern", "Teammitglieder einladen",
           "Slack-Integration verbinden", "Daten exportieren", "Zwei-Faktor-Anmeldung "
           "einrichten", "Tarif wechseln", "Benachrichtigungen verwalten", "Projekt löschen",
           "Rechnungen herunterladen"),
    "fr": ("Réinitialiser votre mot de passe", "Modifier vos données de facturation",
           "Inviter des membres", "Connecter l'intégration Slack", "Exporter vos données",
           "Activer la connexion en deux étapes", "Changer d'offre", "Gérer les notifications",
           "Supprimer un projet", "Télécharger les factures"),
    "ja": ("パスワードを再設定する", "支払い情報を更新する", "チームメンバーを招待する",
           "Slack連携を設定する", "データを書き出す", "二段階認証を設定する",
           "プランを変更する", "通知を管理する", "プロジェクトを削除する",
           "請求書をダウンロードする"),
    "es": ("Restablecer la contraseña", "Actualizar los datos de facturación",
           "Invitar a miembros del equipo", "Conectar la integración con Slack",
           "Exportar tus datos", "Configurar el inicio de sesión en dos pasos",
           "Cambiar de plan", "Gestionar las notificaciones", "Eliminar un proyecto",
           "Descargar facturas"),
    "pt": ("Redefinir a senha", "Atualizar os dados de cobrança", "Convidar membros da equipe",
           "Conectar a integração com o Slack", "Exportar os seus dados",
           "Configurar o login em duas etapas", "Mudar de plano", "Gerenciar notificações",
           "Excluir um projeto", "Baixar faturas"),
}
VARIANTS: dict[str, tuple[str, ...]] = {
    "en": ("", " on mobile", " for administrators", ": troubleshooting"),
    "de": ("", " auf dem Handy", " für Administratoren", ": Fehlerbehebung"),
    "fr": ("", " sur mobile", " pour les administrateurs", " : dépannage"),
    "ja": ("", "（モバイル）", "（管理者向け）", "：トラブルシューティング"),
    "es": ("", " en el móvil", " para administradores", ": solución de problemas"),
    "pt": ("", " no celular", " para administradores", ": solução de problemas"),
}
SECTIONS: dict[str, tuple[str, ...]] = {
    "en": ("Account", "Billing", "Integrations", "Troubleshooting", "Security"),
    "de": ("Konto", "Abrechnung", "Integrationen", "Fehlerbehebung", "Sicherheit"),
    "fr": ("Compte", "Facturation", "Intégrations", "Dépannage", "Sécurité"),
    "ja": ("アカウント", "請求", "連携", "トラブルシューティング", "セキュリティ"),
    "es": ("Cuenta", "Facturación", "Integraciones", "Solución de problemas", "Seguridad"),
    "pt": ("Conta", "Cobrança", "Integrações", "Solução de problemas", "Segurança"),
}
UI: dict[str, dict[str, str]] = {
    "en": {"home": "Help Center", "search": "Search", "related": "Related articles",
           "updated": "Updated"},
    "de": {"home": "Hilfe-Center", "search": "Suchen", "related": "Ähnliche Artikel",
           "updated": "Aktualisiert"},
    "fr": {"home": "Centre d'aide", "search": "Rechercher", "related": "Articles associés",
           "updated": "Mis à jour"},
    "ja": {"home": "ヘルプセンター", "search": "検索", "related": "関連記事", "updated": "更新日"},
    "es": {"home": "Centro de ayuda", "search": "Buscar", "related": "Artículos relacionados",
           "updated": "Actualizado"},
    "pt": {"home": "Central de ajuda", "search": "Pesquisar", "related": "Artigos relacionados",
           "updated": "Atualizado"},
}


def title(index: int, language: str) -> str:
    topics, variants = TOPICS[language], VARIANTS[language]
    return topics[index % len(topics)] + variants[(index // len(topics)) % len(variants)]


def paragraphs(index: int, language: str, count: int = 3, per: int = 3) -> list[str]:
    """`count` paragraphs of `per` sentences, picked by a fixed rule from the article index."""
    bank = SENTENCES[language]
    out = []
    for p in range(count):
        picks = [bank[(index * 5 + p * per + s) % len(bank)] for s in range(per)]
        out.append((" " if language != "ja" else "").join(picks))
    return out


def steps(index: int, language: str) -> list[str]:
    bank = SENTENCES[language]
    return [bank[(index + 7 + k) % len(bank)] for k in range(3)]
