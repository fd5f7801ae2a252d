BOT_NAME = "quotes"

SPIDER_MODULES = ["quotes.spiders"]
NEWSPIDER_MODULE = "quotes.spiders"

ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1
